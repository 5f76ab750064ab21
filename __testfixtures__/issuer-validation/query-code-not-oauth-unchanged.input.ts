/** A discount `code` in a query string is not an authorization response: unchanged. */
import express from 'express';

declare function applyDiscount(code: string): Promise<number>;

const app = express();

app.get('/checkout', async (req, res) => {
  const code = typeof req.query.code === 'string' ? req.query.code : '';
  res.json({ total: await applyDiscount(code) });
});

export default app;
