using System.Text;
using Sentry.Grains.Tests.Infrastructure;

namespace Sentry.Grains.Tests.Http;

/// <summary>Seer's OpenTelemetry instruments: runs by stage and time spent in each stage.</summary>
public sealed class SeerMetricsTests(ServiceHostFixture fixture) : IClassFixture<ServiceHostFixture>
{
    [Fact]
    public async Task Stage_changes_count_runs_by_stage_and_record_time_in_stage()
    {
        using var metrics = new MetricsCollector(fixture.Host.Services);
        byte[] Body(string stage) => Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(Fixtures.Bytes($"seer.{stage}"))
            .Replace("\"run_id\": 12345", "\"run_id\": 777", StringComparison.Ordinal));

        var start = fixture.Host.Webhooks.NextTimestamp();
        Assert.Equal("applied", await fixture.Host.Webhooks.SendOkAsync("seer", Body("root_cause_started"), timestamp: start));
        Assert.Equal("applied", await fixture.Host.Webhooks.SendOkAsync("seer", Body("root_cause_completed"), timestamp: start + 90));
        Assert.Equal("duplicate", await fixture.Host.Webhooks.SendOkAsync("seer", Body("root_cause_completed"), timestamp: start + 400));

        Assert.Equal(
            ["root_cause_completed", "root_cause_started"],
            metrics.Of("sentry_grains.seer.runs").Select(m => m.Tags["stage"]).Order());
        var duration = Assert.Single(metrics.Of("sentry_grains.seer.stage.duration"));
        Assert.Equal(90, duration.Value);
        Assert.Equal("root_cause_started", duration.Tags["stage"]);
    }
}
