import { create } from 'zustand';
import type { LabClient } from './lab-client-api';

/**
 * Where the panels find the LabClient (the supervised lab worker). The page's start-up
 * (useLab.start) calls `connectLabClient` once the supervisor exists; panels read `useLabClient`
 * and render a "waiting for the lab" state until then. Panels never talk to the worker any other
 * way. The supervisor's status and backend live in useLab.
 */
interface LabAccess {
  client: LabClient | null;
}

export const useLabAccess = create<LabAccess>()(() => ({ client: null }));

const listeners = new Set<(client: LabClient) => void>();

/** Hands the panels their client, and the waiting `whenLabClient` callbacks too. */
export function connectLabClient(client: LabClient): void {
  useLabAccess.setState({ client });
  for (const l of listeners) l(client);
}

/** Runs `fn` with the client as soon as there is one (now, if already connected). */
export function whenLabClient(fn: (client: LabClient) => void): () => void {
  const current = useLabAccess.getState().client;
  if (current) fn(current);
  listeners.add(fn);
  return () => listeners.delete(fn);
}

export function useLabClient(): LabClient | null {
  return useLabAccess((s) => s.client);
}
