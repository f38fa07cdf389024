using System.Text;
using Sentry.Grains.Seer;
using Sentry.Grains.Tests.Infrastructure;

namespace Sentry.Grains.Tests.Http;

/// <summary>The seven Seer fixtures through POST /webhooks/sentry in reverse order, some twice, then the GETs.</summary>
public sealed class SeerEndToEndTests(ServiceHostFixture fixture) : IClassFixture<ServiceHostFixture>
{
    private ServiceHost Host => fixture.Host;

    [Fact]
    public async Task Reverse_order_with_redeliveries_gives_a_run_at_pr_created_readable_everywhere()
    {
        var timestamps = SeerStages.InOrder.Select((_, i) => Host.Webhooks.NextTimestamp() + (60 * i)).ToArray();
        for (var i = SeerStages.InOrder.Count - 1; i >= 0; i--)
        {
            var fixtureName = $"seer.{SeerStages.InOrder[i].Name()}";
            Assert.Equal("applied", await Host.Webhooks.SendFixtureAsync(fixtureName, timestamps[i]));
            if (i % 2 == 0)
            {
                Assert.Equal("duplicate", await Host.Webhooks.SendFixtureAsync(fixtureName, timestamps[i] + 300));
            }
        }

        var run = (await Host.Webhooks.GetJsonAsync("/api/seer-runs/12345"))!.Value;
        Assert.Equal("pr_created", run.GetProperty("stage").GetString());
        Assert.False(run.GetProperty("stalled").GetBoolean());
        Assert.Equal("Woah wow there's a bug here.", run.GetProperty("rootCause").GetProperty("description").GetString());
        Assert.Equal("Definitely need to fix this.", run.GetProperty("solution").GetProperty("description").GetString());
        Assert.Equal("seer/fix-this-thing", run.GetProperty("changes")[0].GetProperty("branchName").GetString());
        Assert.Equal("https://github.com/owner/repo/pull/123", run.GetProperty("pullRequests")[0].GetProperty("prUrl").GetString());
        Assert.Equal(7, run.GetProperty("history").GetArrayLength());
        Assert.Equal("root_cause_started", run.GetProperty("history")[0].GetProperty("action").GetString());
        Assert.Equal(7, run.GetProperty("stages").GetArrayLength());
        Assert.All(run.GetProperty("stages").EnumerateArray(), s => Assert.False(s.GetProperty("implied").GetBoolean()));

        var issue = (await Host.Webhooks.GetJsonAsync("/api/issues/1170820242"))!.Value;
        var listed = Assert.Single(issue.GetProperty("seerRuns").EnumerateArray());
        Assert.Equal(("12345", "pr_created"), (listed.GetProperty("runId").GetString(), listed.GetProperty("stage").GetString()));

        var runs = (await Host.Webhooks.GetJsonAsync("/api/issues/1170820242/seer-runs"))!.Value;
        Assert.Equal("pr_created", Assert.Single(runs.EnumerateArray()).GetProperty("stage").GetString());
    }

    [Fact]
    public async Task Seer_activity_alerts_update_the_issues_seer_progress()
    {
        var template = Encoding.UTF8.GetString(Fixtures.Bytes("activity_alert.seer_root_cause_completed"))
            .Replace("\"id\": \"43\"", "\"id\": \"4343\"", StringComparison.Ordinal);
        var prCreated = template
            .Replace("\"type\": \"seer_root_cause_completed\"", "\"type\": \"seer_pr_created\"", StringComparison.Ordinal)
            .Replace("\"summary\":", "\"pull_requests\": [{\"repo_name\": \"owner/repo\", \"url\": \"https://github.com/owner/repo/pull/9\"}], \"summary\":", StringComparison.Ordinal);
        var iteration = template.Replace("\"type\": \"seer_root_cause_completed\"", "\"type\": \"seer_pr_iteration_started\"", StringComparison.Ordinal);

        Assert.Equal("applied", await Host.Webhooks.SendOkAsync("activity_alert", Encoding.UTF8.GetBytes(template)));
        Assert.Equal("applied", await Host.Webhooks.SendOkAsync("activity_alert", Encoding.UTF8.GetBytes(prCreated)));
        Assert.Equal("applied", await Host.Webhooks.SendOkAsync("activity_alert", Encoding.UTF8.GetBytes(iteration)));

        var progress = (await Host.Webhooks.GetJsonAsync("/api/issues/4343"))!.Value.GetProperty("seerProgress");
        Assert.Equal("seer_pr_iteration_started", progress.GetProperty("lastActivityType").GetString());
        Assert.Equal("pr_created", progress.GetProperty("furthestStage").GetString());
        var pr = Assert.Single(progress.GetProperty("pullRequests").EnumerateArray());
        Assert.Equal(("owner/repo", "https://github.com/owner/repo/pull/9"), (pr.GetProperty("repoName").GetString(), pr.GetProperty("url").GetString()));
    }
}
