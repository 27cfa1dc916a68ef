// The pipeline options every benchmark compiles with: the generated policies at 10,000 rules or tools are larger than an editor reads.
import type { PipelineOptions } from "@apol/compiler";

/** Raises the 1 MiB source limit: the largest generated policies are about 2 MB of text. */
export const benchCompileOptions: PipelineOptions = { maxSourceLength: 16 * 1024 * 1024 };
