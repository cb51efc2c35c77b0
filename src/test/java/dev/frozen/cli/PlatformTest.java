package dev.frozen.cli;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class PlatformTest {
    @Test
    void linuxX86_64IsSupportedUnderBothArchSpellings() {
        assertNull(Platform.problem("Linux", "amd64"));
        assertNull(Platform.problem("Linux", "x86_64"));
    }

    @Test
    void otherPlatformsGetOneLineNamingThemAndWhatIsSupported() {
        String mac = Platform.problem("Mac OS X", "aarch64");
        assertTrue(mac.startsWith("frozen runs on linux-x86_64 only"), mac);
        assertTrue(mac.contains("found macos-arm64 (os.name 'Mac OS X', os.arch 'aarch64')"), mac);
        assertFalse(mac.contains("\n"));
        assertTrue(Platform.problem("Mac OS X", "x86_64").contains("found macos-x86_64"));
        assertTrue(Platform.problem("Windows 11", "amd64").contains("found windows-x86_64"));
        assertTrue(Platform.problem("Linux", "aarch64").contains("found linux-arm64"));
        assertTrue(Platform.problem("FreeBSD", "amd64").contains("found freebsd-x86_64"));
        assertTrue(Platform.problem(null, null).contains("found unknown-unknown"));
    }

    @Test
    void thisTestMachineIsSupported() {
        assertNull(Platform.problem(System.getProperty("os.name"), System.getProperty("os.arch")),
                "the test suite runs on linux-x86_64");
    }
}
