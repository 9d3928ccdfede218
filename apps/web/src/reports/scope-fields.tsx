import type { components } from '@meshguard/api-client';
import { reportFormats, type ReportFormat, type ScopeDraft } from './report-scope.js';

type Cluster = components['schemas']['ClusterDto'];

/** Framework, scope (cluster, label selector, fleet) and formats: the fields a report and a schedule share. */
export function ReportFields({
  id,
  frameworks,
  framework,
  onFramework,
  scope,
  onScope,
  formats,
  onFormats,
  clusters,
}: {
  id: string;
  frameworks: string[];
  framework: string;
  onFramework: (framework: string) => void;
  scope: ScopeDraft;
  onScope: (scope: ScopeDraft) => void;
  formats: ReportFormat[];
  onFormats: (formats: ReportFormat[]) => void;
  clusters: Cluster[];
}) {
  return (
    <>
      <label htmlFor={`${id}-framework`}>Framework</label>
      <input id={`${id}-framework`} list={`${id}-frameworks`} value={framework} onChange={(event) => onFramework(event.target.value)} required />
      <datalist id={`${id}-frameworks`}>
        {frameworks.map((choice) => (
          <option key={choice} value={choice} />
        ))}
      </datalist>
      <fieldset>
        <legend>Scope</legend>
        <label className="choice">
          <input type="radio" name={`${id}-scope`} checked={scope.kind === 'fleet'} onChange={() => onScope({ ...scope, kind: 'fleet' })} />
          The whole fleet
        </label>
        <label className="choice">
          <input type="radio" name={`${id}-scope`} checked={scope.kind === 'cluster'} onChange={() => onScope({ ...scope, kind: 'cluster' })} />
          One cluster
        </label>
        {scope.kind === 'cluster' ? (
          <label>
            Cluster{' '}
            <select value={scope.clusterId} onChange={(event) => onScope({ ...scope, clusterId: event.target.value })}>
              <option value="">choose a cluster</option>
              {clusters.map((cluster) => (
                <option key={cluster.id} value={cluster.id}>
                  {cluster.name}
                </option>
              ))}
            </select>
          </label>
        ) : null}
        <label className="choice">
          <input type="radio" name={`${id}-scope`} checked={scope.kind === 'selector'} onChange={() => onScope({ ...scope, kind: 'selector' })} />
          Clusters with labels
        </label>
        {scope.kind === 'selector' ? (
          <label>
            Label selector{' '}
            <input value={scope.selector} placeholder="env=prod,team=payments" onChange={(event) => onScope({ ...scope, selector: event.target.value })} />
          </label>
        ) : null}
      </fieldset>
      <fieldset>
        <legend>Formats</legend>
        {reportFormats.map((format) => (
          <label key={format} className="choice">
            <input
              type="checkbox"
              checked={formats.includes(format)}
              onChange={(event) => onFormats(event.target.checked ? [...formats, format] : formats.filter((chosen) => chosen !== format))}
            />
            {format.toUpperCase()}
          </label>
        ))}
      </fieldset>
    </>
  );
}
