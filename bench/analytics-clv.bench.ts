import {
  fitBgNbd,
  fitGammaGamma,
  fitModifiedBgNbd,
  fitParetoNbd,
  groupRepeatSummaries,
  simulateBgNbd,
} from 'loyalty-engine/analytics';
import { bench, describe } from 'vitest';
import { cdnowPublishedSummary } from '../test/analytics/cdnowFixture.js';
import { mulberry32 } from '../test/support/mulberry32.js';

// CDNOW 2,357 customers (weeks); see test/fixtures/cdnow/.
const cdnow = cdnowPublishedSummary().map(({ x, t_x, T, zbar }) => ({
  frequency: x,
  recency: t_x,
  T,
  monetary: zbar,
}));

// CDNOW tiled 100 times: 235,700 customer rows (the fitter groups them itself).
const tiled = Array.from({ length: 100 }, () => cdnow).flat();
// The same, already grouped (as summarySql returns it).
const tiledGrouped = groupRepeatSummaries(tiled);

// 1,000,000 synthetic customers from the CDNOW BG/NBD fit (simulated in days: alpha x 7), then
// expressed in weeks with recency floored to whole days, grouped.
const synthetic = groupRepeatSummaries(
  simulateBgNbd(
    { r: 0.243, alpha: 4.414 * 7, a: 0.793, b: 2.426 },
    { customers: 1_000_000, T: Array.from({ length: 84 }, (_, i) => 189 + i), random: mulberry32(1) },
  ).map((r) => ({ frequency: r.frequency, recency: Math.floor(r.recency) / 7, T: r.T / 7 })),
);

describe('analytics: CLV fits on CDNOW (2,357 customers)', () => {
  bench('fitBgNbd', () => void fitBgNbd(cdnow));
  bench('fitModifiedBgNbd', () => void fitModifiedBgNbd(cdnow));
  bench('fitParetoNbd', () => void fitParetoNbd(cdnow), { iterations: 5 });
  bench('fitGammaGamma', () => void fitGammaGamma(cdnow));
});

describe('analytics: CLV fits at scale', () => {
  bench('fitBgNbd, CDNOW x100 (235,700 rows, grouped inside)', () => void fitBgNbd(tiled), { iterations: 5 });
  bench('fitBgNbd, CDNOW x100 pre-grouped', () => void fitBgNbd(tiledGrouped));
  bench(
    `fitBgNbd, 1,000,000 synthetic customers (${synthetic.length} groups)`,
    () => void fitBgNbd(synthetic),
    {
      iterations: 5,
    },
  );
});
