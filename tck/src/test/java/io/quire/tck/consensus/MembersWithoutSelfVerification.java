package io.quire.tck.consensus;

/** The suite bound to the in-JVM consensus with flaw {@link InJvmConsensus.Flaw#MEMBERS_WITHOUT_SELF}. */
class MembersWithoutSelfVerification extends InJvmVerification {

    @Override
    InJvmConsensus.Flaw flaw() {
        return InJvmConsensus.Flaw.MEMBERS_WITHOUT_SELF;
    }
}
