/**
 * A tiny typed event emitter. Every listener runs in its own try/catch: one
 * bad listener never starves the others and never throws into the caller
 * (nanostores' rule). A listener's failure is handed to `onListenerError`.
 */
export type Listener<T> = (payload: T) => void;

export interface Emitter<Events> {
  on<K extends keyof Events>(event: K, listener: Listener<Events[K]>): () => void;
  emit<K extends keyof Events>(event: K, payload: Events[K]): void;
  clear(): void;
}

export function createEmitter<Events>(onListenerError: (error: unknown, event: keyof Events) => void): Emitter<Events> {
  const listeners = new Map<keyof Events, Set<Listener<never>>>();
  return {
    on(event, listener) {
      const set = listeners.get(event) ?? new Set();
      set.add(listener as Listener<never>);
      listeners.set(event, set);
      return () => {
        set.delete(listener as Listener<never>);
      };
    },
    emit(event, payload) {
      // A copy: a listener that unsubscribes (or subscribes) mid-emit does not disturb this round.
      for (const listener of [...(listeners.get(event) ?? [])]) {
        try {
          (listener as Listener<typeof payload>)(payload);
        } catch (error) {
          onListenerError(error, event);
        }
      }
    },
    clear() {
      listeners.clear();
    },
  };
}
