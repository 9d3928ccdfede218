import { useState } from 'react';
import { coverageStates, type FleetFilter } from './fleet-rows.js';

const labelsOf = (text: string) =>
  text
    .split(',')
    .map((pair) => pair.trim())
    .filter(Boolean);

export function FleetFilters({
  filter,
  onFilter,
  labelKeys,
  groupKey,
  onGroupKey,
}: {
  filter: FleetFilter;
  onFilter: (filter: FleetFilter) => void;
  labelKeys: string[];
  groupKey: string | null;
  onGroupKey: (key: string | null) => void;
}) {
  // Labels apply on Enter or Apply (a half-typed selector would be a request per keystroke); menus apply at once.
  const [labels, setLabels] = useState(filter.labels.join(', '));
  return (
    <form
      className="filters"
      role="search"
      aria-label="Filter clusters"
      onSubmit={(event) => {
        event.preventDefault();
        onFilter({ ...filter, labels: labelsOf(labels) });
      }}
    >
      <label>
        Labels (key=value, comma-separated)
        <input
          type="text"
          value={labels}
          placeholder="env=prod"
          onChange={(event) => setLabels(event.target.value)}
        />
      </label>
      <label>
        Coverage
        <select value={filter.coverage} onChange={(event) => onFilter({ ...filter, coverage: event.target.value as FleetFilter['coverage'] })}>
          <option value="any">any</option>
          {coverageStates.map((state) => (
            <option key={state} value={state}>
              {state.replace('-', ' ')}
            </option>
          ))}
        </select>
      </label>
      <label>
        Severity
        <select value={filter.severity} onChange={(event) => onFilter({ ...filter, severity: event.target.value as FleetFilter['severity'] })}>
          <option value="any">any</option>
          <option value="critical">has critical</option>
          <option value="high">has critical or high</option>
        </select>
      </label>
      <label>
        Group by label
        <select value={groupKey ?? ''} onChange={(event) => onGroupKey(event.target.value || null)}>
          <option value="">no grouping</option>
          {labelKeys.map((key) => (
            <option key={key} value={key}>
              {key}
            </option>
          ))}
        </select>
      </label>
      <button type="submit">Apply</button>
    </form>
  );
}
