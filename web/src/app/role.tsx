/**
 * Who is signed in, for the views: viewers get no control that needs the admin token (the proxy
 * would refuse it anyway). `AdminOnly` renders its children only for admins; every such control
 * also carries `data-admin`, so a test can walk the app as a viewer and find none.
 */
import { Show, createContext, useContext, type Accessor, type JSX } from 'solid-js';
import type { Role } from '../api/types';

// Outside a provider nobody is an admin: fail closed.
const RoleContext = createContext<Accessor<Role>>((): Role => 'viewer');

export function RoleProvider(props: { role: Role; children: JSX.Element }): JSX.Element {
  return <RoleContext.Provider value={() => props.role}>{props.children}</RoleContext.Provider>;
}

export function useIsAdmin(): Accessor<boolean> {
  const role = useContext(RoleContext);
  return () => role() === 'admin';
}

/** Children only for the admin token; `fallback` (a note, never a control) for viewers. */
export function AdminOnly(props: { children: JSX.Element; fallback?: JSX.Element }): JSX.Element {
  const isAdmin = useIsAdmin();
  return (
    <Show when={isAdmin()} fallback={props.fallback}>
      {props.children}
    </Show>
  );
}
