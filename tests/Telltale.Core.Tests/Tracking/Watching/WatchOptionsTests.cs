using Telltale.Tracking.Watching;

namespace Telltale.Tests.Tracking.Watching;

public sealed class WatchOptionsTests
{
    public sealed class TheDefaultStatePathMethod
    {
        [Fact]
        public void Uses_the_data_folder_of_TELLTALE_DATA_DIR_then_XDG_DATA_HOME_then_home()
        {
            var root = Path.GetTempPath();
            var explicitDir = Path.Combine(root, "tt");
            var xdg = Path.Combine(root, "xdg");
            var home = Path.Combine(root, "home");

            Assert.Equal(Path.Combine(explicitDir, "watch-state.json"), WatchOptions.DefaultStatePath(n => n == "TELLTALE_DATA_DIR" ? explicitDir : n == "XDG_DATA_HOME" ? xdg : null, home));
            Assert.Equal(Path.Combine(xdg, "telltale", "watch-state.json"), WatchOptions.DefaultStatePath(n => n == "XDG_DATA_HOME" ? xdg : null, home));
            Assert.Equal(Path.Combine(home, ".local", "share", "telltale", "watch-state.json"), WatchOptions.DefaultStatePath(_ => null, home));
        }
    }
}
