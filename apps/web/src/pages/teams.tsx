/** Placeholder: being built. */
export function TeamsRoutes() {
  return <h1>Teams</h1>;
}
