package org.nnj;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** README's usage example is the quickstart's Main.java, and its Maven snippet the quickstart's dependency. */
class QuickstartDocTest {
    static final Path ROOT = Path.of("..");

    @Test
    void readmeShowsTheQuickstartAsItIs() throws Exception {
        String readme = Files.readString(ROOT.resolve("README.md"));
        String main = Files.readString(ROOT.resolve("quickstart/src/main/java/quickstart/Main.java"));
        int usage = readme.indexOf("## Usage");
        int start = readme.indexOf("```java\n", usage) + "```java\n".length();
        String shown = readme.substring(start, readme.indexOf("```", start));
        String withoutPackage = main.substring(main.indexOf("import "));
        assertEquals(withoutPackage.strip(), shown.strip());
        String pom = Files.readString(ROOT.resolve("quickstart/pom.xml"));
        int xml = readme.indexOf("```xml\n", readme.indexOf("## Use it in your project")) + "```xml\n".length();
        String snippet = readme.substring(xml, readme.indexOf("```", xml)).strip();
        for (String line : snippet.split("\n")) {
            assertTrue(pom.contains(line.strip()), "quickstart/pom.xml lacks " + line.strip());
        }
    }
}
