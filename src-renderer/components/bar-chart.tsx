// A plain SVG horizontal bar chart (no library): one bar per category with its count.
import { num } from '../format';

export function BarChart({ data, title }: { data: Array<{ label: string; value: number; tone?: 'red' | 'amber' | 'blue' | 'gray' }>; title: string }) {
  const max = Math.max(1, ...data.map((d) => d.value));
  const rowH = 34;
  const labelW = 190;
  const width = 640;
  const barW = width - labelW - 90;
  const height = data.length * rowH + 8;
  return (
    <svg className="bar-chart" viewBox={`0 0 ${width} ${height}`} role="img" aria-label={title} width="100%">
      <title>{title}</title>
      {data.map((d, i) => {
        const y = i * rowH + 4;
        const w = d.value === 0 ? 0 : Math.max(3, (d.value / max) * barW);
        return (
          <g key={d.label} transform={`translate(0, ${y})`}>
            <text x={labelW - 10} y={rowH / 2} textAnchor="end" dominantBaseline="middle" className="bar-label">{d.label}</text>
            <rect x={labelW} y={6} width={barW} height={rowH - 14} rx={3} className="bar-track" />
            <rect x={labelW} y={6} width={w} height={rowH - 14} rx={3} className={`bar bar-${d.tone ?? 'blue'}`} />
            <text x={labelW + w + 8} y={rowH / 2} dominantBaseline="middle" className="bar-value">{num(d.value)}</text>
          </g>
        );
      })}
    </svg>
  );
}
