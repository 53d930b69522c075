import { useApp } from '../store';

/** The datasets as the options of a select (the Models tab's evaluation and training data). */
export function DatasetOptions() {
  const datasets = useApp((s) => s.datasets);
  return (
    <>
      {datasets.map((d) => (
        <option key={d.id} value={d.id}>
          {d.name}
          {d.split ? ` · ${d.split}` : ''} ({d.langs.join(', ')})
        </option>
      ))}
    </>
  );
}
