import { Form, Input } from 'antd';

/**
 * A filter's first and last day (fields `from` and `to`, yyyy-mm-dd, the browser's own date picker): turned into the
 * API's instants in the company's time zone by dayBounds.
 */
export function DayRangeItems({ fromLabel, toLabel }: { fromLabel: string; toLabel: string }) {
  return (
    <>
      <Form.Item name="from" label={fromLabel}>
        <Input type="date" />
      </Form.Item>
      <Form.Item name="to" label={toLabel}>
        <Input type="date" />
      </Form.Item>
    </>
  );
}
