import { Show, createMemo, createSignal, type JSX } from 'solid-js';
import type { EngineRef } from '../api/types';
import { overallProgress } from '../engine/progress';
import { parseReference } from '../engine/reference';
import { useTransfers, type TransferJob } from '../queries/pulls';
import '../styles/newer.css';
import '../styles/registries.css';

/** A pull started here, followed to its end with its progress. */
export function usePull(engine: () => EngineRef) {
  const transfers = useTransfers();
  const [started, setStarted] = createSignal<{ repository: string; tag: string } | null>(null);
  const [result, setResult] = createSignal<TransferJob | null>(null);
  const job = createMemo(() => {
    const s = started();
    return s ? transfers.jobs().find((j) => j.kind === 'pull' && j.repository === s.repository && j.tag === s.tag && j.status === 'running') : undefined;
  });
  return {
    running: () => started() !== null,
    fraction: () => (job() ? overallProgress(job()!.state).fraction : 0),
    line: () => job()?.state.lines.at(-1) ?? 'Starting the pull…',
    result,
    async pull(repoTag: string): Promise<TransferJob> {
      const { repository, tag } = parseReference(repoTag);
      const spec = { repository, tag: tag ?? 'latest' };
      setResult(null);
      setStarted(spec);
      try {
        const done = await transfers.start(engine(), { kind: 'pull', ...spec });
        setResult(done);
        return done;
      } finally {
        setStarted(null);
      }
    },
  };
}

export function PullProgress(props: { pull: ReturnType<typeof usePull> }): JSX.Element {
  return (
    <Show when={props.pull.running()}>
      <div class="newer-progress" data-testid="newer-pull-progress" data-fraction={props.pull.fraction().toFixed(3)}>
        <progress class="bar" max="1" value={props.pull.fraction()} aria-label="Pull progress" />
        <span class="muted">{props.pull.line()}</span>
      </div>
    </Show>
  );
}

