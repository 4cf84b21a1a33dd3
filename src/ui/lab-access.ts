import { create } from 'zustand';
import type { BackendReport } from '../core/backend';
import type { LabClient, SupervisorStatus } from './lab-client-api';

/**
 * Where the panels find the LabClient (the supervised lab worker). The page's start-up wiring
 * calls `connectLabClient` once the supervisor exists; panels read `useLabClient` and render a
 * "waiting for the lab" state until then. Panels never talk to the worker any other way.
 */
interface LabAccess {
  client: LabClient | null;
  status: SupervisorStatus | null;
  backend: BackendReport | null;
}

export const useLabAccess = create<LabAccess>()(() => ({ client: null, status: null, backend: null }));

const listeners = new Set<(client: LabClient) => void>();

/** Hands the panels their client and mirrors its status; returns a disconnect function. */
export function connectLabClient(client: LabClient): () => void {
  useLabAccess.setState({ client, backend: client.backend });
  const off = client.onStatus((status, backend) => useLabAccess.setState({ status, backend }));
  for (const l of listeners) l(client);
  return () => {
    off();
    useLabAccess.setState({ client: null });
  };
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
