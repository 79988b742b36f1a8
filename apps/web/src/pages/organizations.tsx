/** Placeholder: being built. */
export function OrganizationsRoutes() {
  return <h1>Organizations</h1>;
}
