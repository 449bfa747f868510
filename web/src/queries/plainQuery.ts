/**
 * useQuery without Solid's store: the result's data is the cached object itself, not a deep proxy.
 * solid-query keeps each result in a store, so reading a list of thousands reads every field through
 * a proxy (a tracked signal per field) and every update unwraps the whole list again: with 2,000
 * containers that cost more than everything else before the first row. The big lists use this; their
 * rows are plain objects, compared by identity.
 */
import { QueryObserver, useIsRestoring, useQueryClient, type QueryKey, type QueryObserverOptions, type QueryObserverResult, type UseQueryResult } from '@tanstack/solid-query';
import { createComputed, createSignal, on, onCleanup } from 'solid-js';

export function usePlainQuery<T, K extends QueryKey>(options: () => QueryObserverOptions<T, Error, T, T, K>): UseQueryResult<T, Error> {
  const client = useQueryClient();
  const isRestoring = useIsRestoring();
  const observer = new QueryObserver<T, Error, T, T, K>(client, options());
  const [result, setResult] = createSignal<QueryObserverResult<T, Error>>(observer.getOptimisticResult(client.defaultQueryOptions(options())), { equals: false });
  let unsubscribe: (() => void) | null = null;
  // While the stored cache is restored, nothing is fetched (as useQuery does); then the observer starts.
  createComputed(
    on(isRestoring, (restoring) => {
      if (restoring || unsubscribe) return;
      unsubscribe = observer.subscribe((next) => setResult(next));
      setResult(observer.getCurrentResult());
    }),
  );
  createComputed(on(options, (next) => observer.setOptions(next), { defer: true }));
  onCleanup(() => unsubscribe?.());
  // Each field read goes to the latest result, so views read it like useQuery's.
  return new Proxy({} as UseQueryResult<T, Error>, { get: (_, key) => Reflect.get(result(), key) });
}
