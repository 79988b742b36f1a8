/** A labelled filter over the job screens' rows: "All …" (the empty value) or one of the options. */
export function FilterSelect({ label, allLabel, value, options, onChange }: { label: string; allLabel: string; value: string; options: readonly string[]; onChange(value: string): void }) {
  return (
    <label className="job-filter">
      {label}
      <select value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">{allLabel}</option>
        {options.map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
      </select>
    </label>
  );
}
