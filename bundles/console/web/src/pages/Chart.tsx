import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { LineChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import { FONT_FAMILY } from '../lib/fonts';

// only what the big screen draws: this chunk is loaded by the big screen alone
echarts.use([LineChart, PieChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

/** An ECharts chart that follows its options and its box's size. */
export function Chart({ option, height, label }: { option: echarts.EChartsCoreOption; height: number; label: string }) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);

  useEffect(() => {
    if (!box.current) {
      return;
    }
    const c = echarts.init(box.current, 'dark', { renderer: 'canvas' });
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
  }, []);

  useEffect(() => {
    chart.current?.setOption({ textStyle: { fontFamily: FONT_FAMILY }, ...option }, { notMerge: false, lazyUpdate: true });
  }, [option]);

  return <div ref={box} role="img" aria-label={label} style={{ width: '100%', height }} />;
}
