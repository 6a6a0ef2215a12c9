/**
 * The Prometheus text-format parser's shape (the package ships no types), for this library's
 * programs (apps/api's have their own, apps/api/src/test/parse-prometheus-text-format.d.ts).
 */
declare module 'parse-prometheus-text-format' {
  namespace parsePrometheusTextFormat {
    interface Metric {
      /** The sample's value as written ("1.5e+09", "NaN", "+Inf"); absent for histograms and summaries. */
      value?: string;
      labels?: Record<string, string>;
    }
    interface MetricFamily {
      name: string;
      help: string;
      /** COUNTER, GAUGE, HISTOGRAM, SUMMARY or UNTYPED. */
      type: string;
      metrics: Metric[];
    }
  }
  function parsePrometheusTextFormat(text: string): parsePrometheusTextFormat.MetricFamily[];
  export = parsePrometheusTextFormat;
}
