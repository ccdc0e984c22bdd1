import {
  isRouteErrorResponse,
  Link,
  NavLink,
  Outlet,
  useNavigation,
  useRevalidator,
  useRouteError,
} from "react-router";
import { AttentionBeacon, NotifyToggle } from "../components/AttentionBeacon";
import { SignedInAs } from "../components/SignedInAs";
import { ThemeToggle } from "../components/ThemeToggle";
import { ApiError } from "../lib/api";

/** The frame of every page: a skip link, the nav, the page. */
export function Layout() {
  // A page's loader runs before the page is shown: say so while the next one loads.
  const loading = useNavigation().state === "loading";
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="app-header">
        <Link to="/" className="brand">
          <span aria-hidden="true">◆</span> Reasonstream
        </Link>
        <nav aria-label="Main">
          <NavLink to="/" end>
            New design
          </NavLink>
          <NavLink to="/history">History</NavLink>
          <NavLink to="/replay">Replay</NavLink>
        </nav>
        <div className="header-tools">
          <NotifyToggle />
          <ThemeToggle />
          <SignedInAs />
        </div>
      </header>
      <AttentionBeacon />
      <main id="main" tabIndex={-1} aria-busy={loading || undefined}>
        {loading ? (
          <p className="muted small" role="status" data-testid="page-loading">
            Loading…
          </p>
        ) : null}
        <Outlet />
      </main>
    </>
  );
}

export function NotFound() {
  return (
    <div className="page">
      <h1>Page not found</h1>
      <p>
        Nothing lives at this address. <Link to="/">Start a new design</Link> or open your{" "}
        <Link to="/history">History</Link>.
      </p>
    </div>
  );
}

/** What a page shows while its loader runs on the first load. */
export function PageLoading() {
  return (
    <div className="page">
      <p className="muted" role="status">
        Loading…
      </p>
    </div>
  );
}

/**
 * A page whose data could not be loaded (the API's error envelope: its message, its code,
 * and a way to try again), or a render error anywhere below the layout, with the way back.
 */
export function RouteError({ what }: { what?: string }) {
  const error = useRouteError();
  const { revalidate, state } = useRevalidator();
  if (error instanceof ApiError) {
    return (
      <div className="page">
        <h1>{what ?? "This page could not be loaded"}</h1>
        <p className="notice notice-error" role="alert" data-error-code={error.code}>
          {error.message}{" "}
          <button
            type="button"
            className="link-button"
            disabled={state === "loading"}
            onClick={() => void revalidate()}
          >
            Try again
          </button>
        </p>
      </div>
    );
  }
  const message = isRouteErrorResponse(error)
    ? `${error.status} ${error.statusText}`
    : error instanceof Error
      ? error.message
      : "Unknown error";
  return (
    <div className="page">
      <h1>Something broke on this page</h1>
      <p className="notice notice-error" role="alert">
        {message}
      </p>
      <p>
        Reload the page (nothing of your runs is lost: they live on the server), or go back to <a href="/">the start</a>
        .
      </p>
    </div>
  );
}
