/**
 * A user's JPMS module that uses nnj: nn-core is the automatic module {@code org.nnj.core} (the
 * Automatic-Module-Name of its jar). ND4J's jars cannot be modules (nd4j-api declares packages it does
 * not contain), so they stay on the class path, and this module reads them with
 * {@code --add-reads example.jpms=ALL-UNNAMED} (see .ci/jpms).
 */
module example.jpms {
    requires org.nnj.core;
}
