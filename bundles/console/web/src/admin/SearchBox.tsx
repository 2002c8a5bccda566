import { Input } from 'antd';

/**
 * A list's search box, labelled by its own hint: the text (trimmed) goes to {@code onSearch} on Enter or the button,
 * and an empty one when cleared. The caller goes back to the list's first page there.
 */
export function SearchBox({ label, width = 280, onSearch }: { label: string; width?: number; onSearch: (text: string) => void }) {
  return <Input.Search aria-label={label} placeholder={label} allowClear style={{ width }} onSearch={(v) => onSearch(v.trim())} />;
}
