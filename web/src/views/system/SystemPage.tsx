import type { JSX } from 'solid-js';
import type { EngineRef, Role } from '../../api/types';

export default function SystemPage(props: { engine: EngineRef; role: Role }): JSX.Element {
  return <section class="page" data-testid="system-page" data-engine={props.engine.name} data-role={props.role} />;
}
