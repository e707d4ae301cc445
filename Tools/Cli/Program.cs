namespace Rowell.Cli;

/// <summary>
/// The rowell command line. Everything lives in CliApp so tests can run it in process against a test server.
/// Not top-level statements: their implicit <c>Program</c> class would clash with the API's in the test project.
/// </summary>
public static class CliProgram
{
    public static Task<int> Main(string[] args) => CliApp.RunAsync(args, CliContext.FromProcess());
}
