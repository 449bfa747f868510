import type { UseQueryResult } from '@tanstack/solid-query';
import type { JSX } from 'solid-js';
import type { LinkRoute } from '../../app/router';
import type { EngineStatus } from '../../api/types';

export default function EnginesPage(props: { engines: UseQueryResult<EngineStatus[], Error>; current: string; navigate: (route: LinkRoute) => void }): JSX.Element {
  return <section class="page" data-testid="engines-page" data-engine={props.current} />;
}
