using Bot.Tests.Support;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Bot.EndToEnd.Tests.Support;

/// <summary>
/// An end-to-end spec that runs the binary over the PostgreSQL server (<c>BOT_TEST_POSTGRES</c>). Without one it is left
/// out of the run, and the project prints one line saying how to run it (Bot.EndToEnd.Tests.csproj); in CI
/// (<c>CI=true</c>) it always runs, so a missing server fails it. The same rule as the host's storage specs.
/// </summary>
[XunitTestCaseDiscoverer("Bot.EndToEnd.Tests.Support.SharedPostgresFactDiscoverer", "Bot.EndToEnd.Tests")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class SharedPostgresFactAttribute : FactAttribute;

public sealed class SharedPostgresFactDiscoverer(IMessageSink diagnosticMessageSink) : IXunitTestCaseDiscoverer
{
    private readonly FactDiscoverer _facts = new(diagnosticMessageSink);

    public IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute) =>
        TestPostgres.Runs ? _facts.Discover(discoveryOptions, testMethod, factAttribute) : [];
}
