import type { JSX } from 'solid-js';
import type { LinkRoute } from '../../app/router';
import type { EngineRef, Role } from '../../api/types';

export default function BuildPage(props: { engine: EngineRef; role: Role; navigate: (route: LinkRoute) => void }): JSX.Element {
  return <section class="page" data-testid="build-page" data-engine={props.engine.name} data-role={props.role} />;
}
