using Xunit.Abstractions;
using Xunit.Sdk;

namespace Bot.Tests.Support;

/// <summary>
/// A spec that needs the PostgreSQL server. Without one (no <c>BOT_TEST_POSTGRES</c>) it is left out of the run
/// rather than reported skipped one by one: the test project prints the single line that says how to run them
/// (Bot.Tests.csproj). In CI (<c>CI=true</c>) it always runs, so a missing server fails it.
/// </summary>
[XunitTestCaseDiscoverer("Bot.Tests.Support.PostgresFactDiscoverer", "Bot.Tests")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class PostgresFactAttribute : FactAttribute;

public sealed class PostgresFactDiscoverer(IMessageSink diagnosticMessageSink) : IXunitTestCaseDiscoverer
{
    private readonly FactDiscoverer _facts = new(diagnosticMessageSink);

    public IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute) =>
        TestPostgres.Runs ? _facts.Discover(discoveryOptions, testMethod, factAttribute) : [];
}
