/** Placeholder: being built. */
export function CredentialsRoutes() {
  return <h1>Credentials</h1>;
}
