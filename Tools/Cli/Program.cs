using Rowell.Cli;

// The rowell command line. Everything lives in CliApp so tests can run it in process against a test server.
return await CliApp.RunAsync(args, CliContext.FromProcess());
