using Telltale.Gateway;

namespace Telltale.Tests.Gateway;

public sealed class ClientDateFormsTests
{
    private const string Claude = "npm:@anthropic-ai/claude-code@2.1.91";

    [Fact]
    public void A_client_that_keeps_to_one_form_shows_no_variation()
    {
        var forms = new ClientDateForms();

        Assert.Null(forms.Record(Claude, ["YYYY-MM-DD"]));
        Assert.Null(forms.Record(Claude, ["YYYY-MM-DD"]));
        Assert.Null(forms.Record(Claude, []));

        var (client, counts) = Assert.Single(forms.Snapshot());
        Assert.Equal(Claude, client);
        Assert.Equal([new DateFormCount("YYYY-MM-DD", 2)], counts);
    }

    [Fact]
    public void A_second_form_is_a_variation_reported_once_with_every_form_and_its_count()
    {
        var forms = new ClientDateForms();
        forms.Record(Claude, ["YYYY-MM-DD"]);
        forms.Record(Claude, ["YYYY-MM-DD"]);

        var variation = forms.Record(Claude, ["YYYY/MM/DD"]);

        Assert.NotNull(variation);
        Assert.Equal(Claude, variation.Client);
        Assert.Equal("YYYY/MM/DD", variation.NewForm);
        Assert.Equal([new DateFormCount("YYYY-MM-DD", 2), new DateFormCount("YYYY/MM/DD", 1)], variation.Forms);
        Assert.Null(forms.Record(Claude, ["YYYY/MM/DD"]));
    }

    [Fact]
    public void Clients_are_counted_apart()
    {
        var forms = new ClientDateForms();
        forms.Record(Claude, ["YYYY-MM-DD"]);

        Assert.Null(forms.Record("npm:@anthropic-ai/claude-code@2.1.90", ["YYYY/MM/DD"]));
        Assert.Equal(2, forms.Snapshot().Count);
    }

    [Fact]
    public void Stays_bounded_in_clients_and_forms()
    {
        var forms = new ClientDateForms();
        for (var i = 0; i < ClientDateForms.MaxClients + 50; i++)
        {
            forms.Record($"agent/{i}", ["YYYY-MM-DD"]);
        }

        for (var i = 0; i < 100; i++)
        {
            forms.Record("agent/0", [$"form {i}"]);
        }

        Assert.Equal(ClientDateForms.MaxClients, forms.Snapshot().Count);
        Assert.Equal(50, forms.UntrackedRequests);
        Assert.Equal(ClientDateForms.MaxFormsPerClient, forms.Snapshot().Single(c => c.Client == "agent/0").Forms.Count);
    }
}
