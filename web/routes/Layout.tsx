import { isRouteErrorResponse, Link, NavLink, Outlet, useRouteError } from "react-router";
import { SignedInAs } from "../components/SignedInAs";

/** The frame of every page: a skip link, the nav, the page. */
export function Layout() {
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
        <SignedInAs />
      </header>
      <main id="main" tabIndex={-1}>
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

/** A render error anywhere below the layout: say so, and offer the way back. */
export function RouteError() {
  const error = useRouteError();
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
