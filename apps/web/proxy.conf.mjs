// Dev-server proxy: `nx serve web` forwards API calls and the Socket.IO connection to the API
// (which, in production, serves the console itself on the same origin).
const target = process.env.HYPERION_API_URL ?? 'http://localhost:3000';

export default {
  '/health': {
    target,
    changeOrigin: true,
    // `/health` is also the console's own page: a browser navigation (HTML) gets the SPA.
    bypass: (req) => (req.headers.accept?.includes('text/html') ? '/index.html' : undefined),
  },
  '/api': {
    target,
    changeOrigin: true,
    ws: true,
  },
};
