import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart, LineChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import { FONT_FAMILY } from '../lib/fonts';

// only what the big screen and the QA reports draw: this chunk is loaded by those alone
echarts.use([BarChart, LineChart, PieChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

/** An ECharts chart that follows its options and its box's size; dark on the big screen, light on a page. */
export function Chart({ option, height, label, light = false }: { option: echarts.EChartsCoreOption; height: number; label: string; light?: boolean }) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);

  useEffect(() => {
    if (!box.current) {
      return;
    }
    const c = echarts.init(box.current, light ? undefined : 'dark', { renderer: 'canvas' });
    chart.current = c;
    const resize = new ResizeObserver(() => c.resize());
    resize.observe(box.current);
    // a canvas draws with the fonts loaded when it draws: once the web fonts (the shipped CJK one) are in, draw again
    void document.fonts.ready.then(() => {
      if (!c.isDisposed()) {
        c.setOption({ textStyle: { fontFamily: FONT_FAMILY } });
      }
    });
    return () => {
      resize.disconnect();
      c.dispose();
      chart.current = null;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    chart.current?.setOption({ textStyle: { fontFamily: FONT_FAMILY }, ...option }, { notMerge: light, lazyUpdate: true }); // a report's series come and go with its filters
  }, [option]);

  return <div ref={box} role="img" aria-label={label} style={{ width: '100%', height }} />;
}
