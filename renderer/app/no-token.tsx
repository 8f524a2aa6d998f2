/** Shown when the page was opened without the token the server printed. */
export function NoToken() {
  return (
    <main className="no-token" id="main">
      <h1>Open the dashboard from its link</h1>
      <p>
        This dashboard needs the access token Handshake prints when it starts. Run <code>npm run serve</code> and open the{' '}
        <strong>Dashboard:</strong> URL it prints — it ends with <code>#token=…</code>.
      </p>
    </main>
  );
}
