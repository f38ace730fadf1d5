import {
  ArcElement,
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  DoughnutController,
  Legend,
  LinearScale,
  Tooltip,
} from 'chart.js';
import { useEffect, useRef } from 'react';

// Only the pieces these charts use, so the stats page's chunk stays small.
Chart.register(
  BarController,
  BarElement,
  CategoryScale,
  LinearScale,
  DoughnutController,
  ArcElement,
  Tooltip,
  Legend,
);

function token(name: string, fallback: string): string {
  const value = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
  return value || fallback;
}

interface ChartProps {
  kind: 'bar' | 'doughnut';
  labels: string[];
  values: number[];
  /** What the chart says, for screen readers (the table beside it has the numbers). */
  summary: string;
  label: string;
}

/** A Chart.js chart on a canvas, redrawn when its data changes, in the theme's colours. */
export function DataChart({ kind, labels, values, summary, label }: ChartProps) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    const accent = token('--accent', '#2f6b57');
    const text = token('--text-muted', '#5f5a52');
    const grid = token('--border', '#ddd5c8');
    const palette = [accent, '#c28b2c', '#5b6fb5', '#b5523b', '#7a8f3a', '#8a5fa8', text];
    const chart = new Chart(canvas, {
      type: kind,
      data: {
        labels,
        datasets: [
          {
            label,
            data: values,
            backgroundColor:
              kind === 'bar' ? accent : labels.map((_, i) => palette[i % palette.length] ?? accent),
            borderRadius: kind === 'bar' ? 4 : 0,
          },
        ],
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        plugins: { legend: { display: kind === 'doughnut', labels: { color: text } } },
        scales:
          kind === 'bar'
            ? {
                x: { ticks: { color: text }, grid: { display: false } },
                y: { beginAtZero: true, ticks: { color: text, precision: 0 }, grid: { color: grid } },
              }
            : {},
      },
    });
    return () => chart.destroy();
  }, [kind, labels, values, label]);
  return (
    <div style={{ position: 'relative', height: kind === 'bar' ? '14rem' : '12rem' }}>
      <canvas ref={canvasRef} role="img" aria-label={summary} />
    </div>
  );
}
