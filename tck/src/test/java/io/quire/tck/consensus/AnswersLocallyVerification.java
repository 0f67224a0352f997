package io.quire.tck.consensus;

/** The suite bound to the in-JVM consensus with flaw {@link InJvmConsensus.Flaw#ANSWERS_LOCALLY}. */
class AnswersLocallyVerification extends InJvmVerification {

    @Override
    InJvmConsensus.Flaw flaw() {
        return InJvmConsensus.Flaw.ANSWERS_LOCALLY;
    }
}
