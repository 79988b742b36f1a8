/** Placeholder: being built. */
export function TemplatesRoutes() {
  return <h1>Templates</h1>;
}
