import { useEffect, useRef } from "react";
import { BarController, BarElement, CategoryScale, Chart as ChartJs, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip } from "chart.js";

ChartJs.register(BarController, BarElement, CategoryScale, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip);

export interface Series {
  label: string;
  values: number[];
}

/**
 * A bar (or line) chart with its numbers also in a table for screen readers and keyboard users:
 * the canvas is an image with a label; the table below it is the accessible source of truth.
 */
export function Chart({ title, labels, series, type = "bar" }: { title: string; labels: string[]; series: Series[]; type?: "bar" | "line" }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (!canvas.current) return;
    const colors = ["#1d4ed8", "#047857", "#b45309", "#7c3aed"];
    const chart = new ChartJs(canvas.current, {
      type,
      data: {
        labels,
        datasets: series.map((s, i) => ({ label: s.label, data: s.values, backgroundColor: colors[i % colors.length], borderColor: colors[i % colors.length] })),
      },
      options: { responsive: true, maintainAspectRatio: false, animation: false, plugins: { tooltip: { enabled: true }, legend: { display: series.length > 1 } }, scales: { y: { beginAtZero: true } } },
    });
    return () => chart.destroy();
  }, [labels.join("|"), JSON.stringify(series), type]);
  return (
    <figure className="chart">
      <div className="chart-box">
        <canvas ref={canvas} role="img" aria-label={`${title}: chart; the same numbers are in the table that follows`} />
      </div>
      <figcaption>{title}</figcaption>
      <details>
        <summary>Data table</summary>
        <table>
          <thead>
            <tr>
              <th scope="col">Label</th>
              {series.map((s) => (
                <th scope="col" key={s.label}>{s.label}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {labels.map((l, i) => (
              <tr key={l}>
                <th scope="row">{l}</th>
                {series.map((s) => (
                  <td key={s.label}>{s.values[i]}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
