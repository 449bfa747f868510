/**
 * Which of a container's actions its page shows as buttons and which go under "More", by its state: the
 * few a person most likely came for stay in view (a phone shows them without scrolling), the rest wait
 * one tap away. Destructive ones ask first wherever they sit.
 */

export type ContainerActionId = 'start' | 'stop' | 'restart' | 'kill' | 'pause' | 'unpause' | 'rename' | 'commit' | 'duplicate' | 'remove';

export interface ContainerActionGroups {
  primary: ContainerActionId[];
  more: ContainerActionId[];
}

const ALWAYS_MORE: ContainerActionId[] = ['rename', 'commit', 'duplicate'];

export function containerActionGroups(state: { running: boolean; paused: boolean }): ContainerActionGroups {
  if (state.paused) return { primary: ['unpause'], more: [...ALWAYS_MORE, 'remove'] };
  if (state.running) return { primary: ['stop', 'restart'], more: ['kill', 'pause', ...ALWAYS_MORE, 'remove'] };
  return { primary: ['start', 'remove'], more: ALWAYS_MORE };
}
