import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState } from 'react';
import { cx } from '../../lib/cx';
import styles from './toast.module.css';

type ToastTone = 'success' | 'info' | 'error';

export interface ToastAction {
  label: string;
  onAction: () => void;
}

interface ToastOptions {
  /** A button in the toast, such as Undo after a delete; such toasts stay up longer. */
  action?: ToastAction;
}

interface Toast {
  id: number;
  message: string;
  tone: ToastTone;
  action?: ToastAction | undefined;
}

interface ToastApi {
  show: (message: string, tone?: ToastTone, options?: ToastOptions) => void;
}

const ToastContext = createContext<ToastApi | null>(null);

type Placement = { edge: 'top' | 'bottom'; top?: number };
/** Room a toast takes at the bottom of the screen (with its margin), in CSS px. */
const TOAST_ZONE_PX = 112;
/** Space between a toast at the top and the header above it, in CSS px. */
const TOAST_GAP_PX = 12;

/**
 * Where the message goes so it never covers the control just used: at the bottom unless that
 * control sits in the bottom band (the stars just tapped low on a phone), then at the top.
 */
function placementAwayFrom(rect: DOMRect | null): Placement {
  if (!rect || typeof window === 'undefined') return { edge: 'bottom' };
  // On a phone the tab bar is fixed at the bottom and the toasts sit just above it.
  const tabBar = document.querySelector('[data-tab-bar]');
  const fixedBar =
    tabBar && getComputedStyle(tabBar).position === 'fixed' ? tabBar.getBoundingClientRect() : null;
  const bottomEdge = fixedBar ? fixedBar.top : window.innerHeight;
  if (rect.bottom <= bottomEdge - TOAST_ZONE_PX) return { edge: 'bottom' };
  // At the top, below the header when it stays on screen (sticky on a desktop), never over the menu.
  const header = document.querySelector('header');
  const style = header ? getComputedStyle(header) : null;
  const stays = style && (style.position === 'sticky' || style.position === 'fixed');
  const headerBottom = stays && header ? Math.max(0, header.getBoundingClientRect().bottom) : 0;
  return { edge: 'top', top: headerBottom > 0 ? Math.round(headerBottom + TOAST_GAP_PX) : undefined };
}

/** The control the reader last pressed or moved focus to, and where it was then. */
function useLastControl() {
  const last = useRef<{ element: Element; rect: DOMRect } | null>(null);
  useEffect(() => {
    function remember(event: Event) {
      const target = event.target;
      if (!(target instanceof Element) || target.closest('[data-toasts]')) return;
      last.current = { element: target, rect: target.getBoundingClientRect() };
    }
    document.addEventListener('pointerdown', remember, true);
    document.addEventListener('focusin', remember, true);
    return () => {
      document.removeEventListener('pointerdown', remember, true);
      document.removeEventListener('focusin', remember, true);
    };
  }, []);
  return useCallback((): DOMRect | null => {
    const current = last.current;
    if (!current) return null;
    // Where it is now if it is still on the page (it may have scrolled), else where it was.
    return current.element.isConnected ? current.element.getBoundingClientRect() : current.rect;
  }, []);
}
const TOAST_MS = 4000;
/** Long enough to notice a mistake, reach the button and press it. */
const ACTION_TOAST_MS = 10_000;

export function ToastProvider({ children }: { children: React.ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const [placement, setPlacement] = useState<Placement>({ edge: 'bottom' });
  const lastControlRect = useLastControl();
  const nextId = useRef(1);
  const timers = useRef(new Map<number, number>());

  const dismissTimer = useCallback((id: number) => {
    const timer = timers.current.get(id);
    if (timer) window.clearTimeout(timer);
    timers.current.delete(id);
  }, []);

  const dismiss = useCallback(
    (id: number) => {
      setToasts((current) => current.filter((toast) => toast.id !== id));
      dismissTimer(id);
    },
    [dismissTimer],
  );

  const schedule = useCallback(
    (id: number, ms: number) => {
      const previous = timers.current.get(id);
      if (previous) window.clearTimeout(previous);
      timers.current.set(
        id,
        window.setTimeout(() => dismiss(id), ms),
      );
    },
    [dismiss],
  );

  const show = useCallback(
    (message: string, tone: ToastTone = 'success', options: ToastOptions = {}) => {
      const id = nextId.current++;
      // The newest replaces an older toast of its kind (a plain confirmation, an error, one with a
      // button), so autosaves never pile up over the page.
      const kind = (toast: Toast) => (toast.action ? 'action' : toast.tone);
      const added: Toast = { id, message, tone, action: options.action };
      setPlacement(placementAwayFrom(lastControlRect()));
      setToasts((current) => {
        for (const old of current) if (kind(old) === kind(added)) dismissTimer(old.id);
        return [...current.filter((old) => kind(old) !== kind(added)), added];
      });
      schedule(id, options.action ? ACTION_TOAST_MS : TOAST_MS);
    },
    [schedule, dismissTimer, lastControlRect],
  );

  /** A toast with a button does not vanish while the pointer or focus is on it. */
  const hold = useCallback((id: number) => {
    const timer = timers.current.get(id);
    if (timer) window.clearTimeout(timer);
    timers.current.delete(id);
  }, []);

  useEffect(() => {
    const pending = timers.current;
    return () => {
      for (const timer of pending.values()) window.clearTimeout(timer);
    };
  }, []);

  const api = useMemo(() => ({ show }), [show]);

  return (
    <ToastContext.Provider value={api}>
      {children}
      <div
        className={cx(styles.toasts, placement.edge === 'top' && styles.toastsTop)}
        style={placement.top === undefined ? undefined : { top: placement.top }}
        data-toasts=""
      >
        <div role="status" aria-live="polite" aria-atomic="false" className={styles.toastsList}>
          {toasts.map((toast) => {
            const pause = toast.action ? () => hold(toast.id) : undefined;
            const resume = toast.action ? () => schedule(toast.id, TOAST_MS) : undefined;
            return (
              // biome-ignore lint/a11y/noStaticElementInteractions: holding the timer is a courtesy; the buttons inside do the work
              <div
                key={toast.id}
                className={cx(styles.toast, toast.tone === 'error' && styles.toastError)}
                onMouseEnter={pause}
                onMouseLeave={resume}
                onFocus={pause}
                onBlur={resume}
              >
                <span className={styles.toastMessage}>{toast.message}</span>
                {toast.action ? (
                  <button
                    type="button"
                    className={styles.toastAction}
                    onClick={() => {
                      dismiss(toast.id);
                      toast.action?.onAction();
                    }}
                  >
                    {toast.action.label}
                  </button>
                ) : null}
                <button
                  type="button"
                  className={styles.toastClose}
                  onClick={() => dismiss(toast.id)}
                  aria-label="Dismiss"
                >
                  ×
                </button>
              </div>
            );
          })}
        </div>
      </div>
    </ToastContext.Provider>
  );
}

export function useToast(): ToastApi {
  const api = useContext(ToastContext);
  if (!api) throw new Error('useToast must be used inside <ToastProvider>');
  return api;
}
