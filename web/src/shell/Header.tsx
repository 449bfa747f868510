import type { JSX } from 'solid-js';
import type { EngineStatus, Role } from '../api/types';
import { EngineSwitcher } from './EngineSwitcher';
import { Nav } from './Nav';
import { formatHash, type Section } from '../routes/router';

interface HeaderProps {
  engines: EngineStatus[] | undefined;
  engine: string | null;
  section: Section | null;
  role: Role;
  onSelectEngine: (name: string) => void;
  onLogout: () => void;
  loggingOut: boolean;
}

export function Header(props: HeaderProps): JSX.Element {
  return (
    <header class="header">
      <div class="header-inner">
        <a class="brand" href={formatHash({ name: 'home' })} aria-label="Porthole: start page">
          <img src="/favicon.svg" alt="" width="28" height="28" />
          <span>Porthole</span>
        </a>
        <Nav engine={props.engine} active={props.section} />
        <div class="header-tools">
          <EngineSwitcher engines={props.engines} current={props.engine} onSelect={props.onSelectEngine} />
          <a class="button button-ghost button-small add-phone" href={formatHash({ name: 'phone' })} data-testid="add-phone"
            aria-label="Add a phone" title="Open Porthole on a phone: QR code and certificate steps">
            <svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" fill="none" stroke="currentColor" stroke-width="1.5">
              <rect x="4" y="1.5" width="8" height="13" rx="1.5" />
              <path d="M7 12h2" />
            </svg>
            <span class="add-phone-label">Add a phone</span>
          </a>
          <span class="role-badge" data-testid="session-role" title={`Signed in as ${props.role}`}>
            {props.role}
          </span>
          <button
            type="button"
            class="button button-ghost button-small"
            data-testid="logout"
            onClick={() => props.onLogout()}
            disabled={props.loggingOut}
          >
            Log out
          </button>
        </div>
      </div>
    </header>
  );
}
