// Parses PromQL expressions with Prometheus' own grammar (@prometheus-io/lezer-promql, the parser of its web UI).
// Reads a JSON array of expressions on stdin; writes, for each, the syntax errors (offsets) and the metric names
// its selectors name.
import { parser } from '@prometheus-io/lezer-promql';

let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', chunk => { input += chunk; });
process.stdin.on('end', () => {
  const results = JSON.parse(input).map(expr => {
    const errors = [];
    const metrics = new Set();
    parser.parse(expr).iterate({
      enter: node => {
        if (node.type.isError) {
          errors.push({ from: node.from, to: node.to });
        } else if (node.name === 'Identifier' && node.node.parent && node.node.parent.name === 'VectorSelector') {
          metrics.add(expr.slice(node.from, node.to));
        }
      }
    });
    return { expr, errors, metrics: [...metrics].sort() };
  });
  process.stdout.write(JSON.stringify(results));
});
