using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.TestingHost;
using Sentry.Grains.Installations;
using Sentry.Grains.Tests.Infrastructure;

namespace Sentry.Grains.Tests.Installations;

/// <summary>
/// <c>Sentry:RequestTimeout</c> through the real host's dependency injection (the service defaults' resilience on
/// every HttpClient, then the Sentry client's own pipeline) against a fake Sentry that does not answer: the host's
/// clock is a <see cref="FakeTimeProvider"/> (grain timers and the pipeline's timeouts follow it), the HTTP path is real.
/// </summary>
public sealed class SentryRequestTimeoutTests : IAsyncLifetime
{
    private readonly FakeTimeProvider time = new(DateTimeOffset.UtcNow);
    private FakeSentry? sentry;
    private ServiceHost? host;

    [Fact]
    public async Task A_Sentry_slower_than_the_request_timeout_is_a_recorded_failure_with_backoff_until_the_setup_gives_up()
    {
        var timeout = TimeSpan.FromSeconds(2);
        var (sentry, host) = await StartAsync(timeout);
        var uuid = InstallationBodies.NewUuid();
        var grain = host.Grains.GetGrain<IInstallationGrain>(uuid);
        using var silent = sentry.Hold(uuid, FakeSentryEndpoint.Exchange); // Sentry takes the exchange and never answers

        Assert.Equal("applied", await host.Webhooks.SendOkAsync("installation", InstallationBodies.Created(uuid, InstallationBodies.NewCode())));
        for (var attempt = 1; attempt <= InstallationSchedule.MaxSetupAttempts; attempt++)
        {
            await Eventually.UntilAsync(() => sentry.Arrived(uuid, FakeSentryEndpoint.Exchange) == attempt, $"exchange attempt {attempt} at Sentry");
            time.Advance(timeout);
            var now = time.GetUtcNow();
            var failed = (await Eventually.ThatAsync(() => grain.GetAsync(), s => s!.LastErrorAt == now, $"attempt {attempt} recorded as failed"))!;

            Assert.Equal(attempt, failed.Attempts);
            Assert.Equal("Sentry did not answer the code exchange within 2 s.", failed.LastError);
            Assert.Equal(attempt, sentry.Arrived(uuid, FakeSentryEndpoint.Exchange)); // one POST per attempt: never retried by the pipeline
            if (attempt < InstallationSchedule.MaxSetupAttempts)
            {
                Assert.Equal(InstallationStatus.Pending, failed.Status);
                Assert.InRange(failed.NextAttemptAt!.Value - now, InstallationSchedule.RetryDelay(attempt, 0), InstallationSchedule.RetryDelay(attempt, 1));
                time.Advance(failed.NextAttemptAt.Value - now);
            }
            else
            {
                Assert.Equal(InstallationStatus.Failed, failed.Status);
                Assert.Equal($"Gave up after {attempt} attempts. Last error: Sentry did not answer the code exchange within 2 s.", failed.FailureReason);
                Assert.Null(failed.NextAttemptAt);
            }
        }

        Assert.Empty(sentry.CallsTo(FakeSentryEndpoint.Exchange, uuid)); // Sentry answered none of them
        Assert.Empty(sentry.CallsTo(FakeSentryEndpoint.Verify, uuid));
    }

    [Fact]
    public async Task A_request_timeout_longer_than_the_service_defaults_10_s_is_what_bounds_a_call()
    {
        var (sentry, host) = await StartAsync(TimeSpan.FromSeconds(30));
        var uuid = InstallationBodies.NewUuid();
        var grain = host.Grains.GetGrain<IInstallationGrain>(uuid);

        using (sentry.Hold(uuid, FakeSentryEndpoint.Exchange))
        {
            await host.Webhooks.SendOkAsync("installation", InstallationBodies.Created(uuid, InstallationBodies.NewCode()));
            await Eventually.UntilAsync(() => sentry.Arrived(uuid, FakeSentryEndpoint.Exchange) == 1, "the exchange at Sentry");
            time.Advance(TimeSpan.FromSeconds(11)); // past the defaults' 10 s attempt timeout, inside Sentry:RequestTimeout
        }

        var installed = (await Eventually.ThatAsync(() => grain.GetAsync(), s => s!.Status is InstallationStatus.Installed or InstallationStatus.Failed || s.LastError is not null, "the outcome"))!;
        Assert.Equal((InstallationStatus.Installed, 1, null), (installed.Status, installed.Attempts, installed.LastError));
        Assert.Equal(201, Assert.Single(sentry.CallsTo(FakeSentryEndpoint.Exchange, uuid)).Status);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (host is not null)
        {
            await host.DisposeAsync();
        }

        if (sentry is not null)
        {
            await sentry.DisposeAsync();
        }
    }

    private async Task<(FakeSentry Sentry, ServiceHost Host)> StartAsync(TimeSpan requestTimeout)
    {
        sentry = await FakeSentry.StartAsync(ServiceHost.ClientId, ServiceHost.Secret, time);
        host = await ServiceHost.StartAsync(
            builder =>
            {
                builder.Services.AddSingleton<TimeProvider>(time);
                builder.Services.UseTimeProviderForBackgroundAreas(TimeProvider.System); // the silo's own loops stay on real time
            },
            $"--Sentry:BaseUrl={sentry.BaseUrl}",
            $"--Sentry:RequestTimeout={requestTimeout:c}");
        return (sentry, host);
    }
}
