/** Placeholder: being built. */
export function UsersRoutes() {
  return <h1>Users</h1>;
}
