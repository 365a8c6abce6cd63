#pragma once
// Histogram bucket boundaries, in seconds.
#include <vector>

namespace authlens::metrics {

// OpenTelemetry HTTP semantic conventions' advice for http.server.request.duration.
inline const std::vector<double> kHttpDurationBuckets = {0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25,
                                                         0.5,   0.75, 1,     2.5,  5,     7.5, 10};

// Argon2id here takes ~50-70 ms (INTERACTIVE); the range covers 10 ms to 2 s so that a cheaper
// or a much costlier parameter set, or a saturated pool, still lands in a finite bucket.
inline const std::vector<double> kPasswordHashBuckets = {0.01, 0.025, 0.05, 0.075, 0.1, 0.15,
                                                         0.2,  0.3,   0.5,  0.75,  1,   2};

}  // namespace authlens::metrics
