using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(LlmAspire.Benchmarks.PipelineBenchmarks).Assembly).Run(args);
