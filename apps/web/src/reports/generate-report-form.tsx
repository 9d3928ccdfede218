import type { components } from '@meshguard/api-client';
import { useId, useState, type FormEvent } from 'react';
import { ErrorNotice } from '../ui/states.js';
import { frameworkChoices, fleetScope, scopeOf, type ReportFormat, type ScopeDraft } from './report-scope.js';
import { ReportFields } from './scope-fields.js';
import { useGenerateReports, useScoredFrameworks } from './reports-queries.js';

type Cluster = components['schemas']['ClusterDto'];

export function GenerateReportForm({ clusters }: { clusters: Cluster[] }) {
  const id = useId();
  const frameworks = useScoredFrameworks();
  const generate = useGenerateReports();
  const [framework, setFramework] = useState('cis-k8s-v1.10');
  const [scope, setScope] = useState<ScopeDraft>(fleetScope);
  const [formats, setFormats] = useState<ReportFormat[]>(['pdf']);
  const [problem, setProblem] = useState<string | null>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const checked = scopeOf(scope);
    if ('problem' in checked) return setProblem(checked.problem);
    if (formats.length === 0) return setProblem('Choose at least one format.');
    setProblem(null);
    generate.mutate({ framework: framework.trim(), scope: checked.scope, formats });
  };
  return (
    <form className="stacked-form" onSubmit={submit} aria-label="Generate a report">
      <ReportFields
        id={id}
        frameworks={frameworkChoices(frameworks.data ?? [])}
        framework={framework}
        onFramework={setFramework}
        scope={scope}
        onScope={setScope}
        formats={formats}
        onFormats={setFormats}
        clusters={clusters}
      />
      <button type="submit" disabled={generate.isPending}>
        {generate.isPending ? 'Requesting…' : 'Generate'}
      </button>
      {problem ? (
        <p className="state state-error" role="alert">
          {problem}
        </p>
      ) : null}
      {generate.isError ? <ErrorNotice error={generate.error} action="Generating the report" /> : null}
      {generate.isSuccess ? <p role="status">Requested {generate.data.length} report(s); they appear below when ready.</p> : null}
    </form>
  );
}
