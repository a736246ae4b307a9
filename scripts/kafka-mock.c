/* A Kafka cluster in one process for tests and demos: librdkafka's mock cluster (rdkafka_mock.h).
 * Prints the bootstrap address on stdout, one line, then serves until SIGINT or SIGTERM.
 * Built and run by scripts/kafka-mock; the mock keeps messages in memory and its transactions are
 * not real (do not rely on them). */
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static volatile sig_atomic_t stopping = 0;

static void on_signal(int sig) {
    (void)sig;
    stopping = 1;
}

static void usage(const char *why) {
    fprintf(stderr, "kafka-mock: %s\nusage: kafka-mock [--brokers N] --topic T [--partitions N]\n", why);
    exit(2);
}

static int positive(const char *text, const char *option) {
    char *end = NULL;
    long n = strtol(text, &end, 10);
    if (*text == '\0' || *end != '\0' || n < 1 || n > 100000) {
        fprintf(stderr, "kafka-mock: %s takes a number from 1 to 100000, not '%s'\n", option, text);
        exit(2);
    }
    return (int)n;
}

int main(int argc, char **argv) {
    int brokers = 3, partitions = 1;
    const char *topic = NULL;
    for (int i = 1; i < argc; i++) {
        if (i + 1 >= argc) usage("every option takes a value");
        if (strcmp(argv[i], "--brokers") == 0) brokers = positive(argv[++i], "--brokers");
        else if (strcmp(argv[i], "--partitions") == 0) partitions = positive(argv[++i], "--partitions");
        else if (strcmp(argv[i], "--topic") == 0) topic = argv[++i];
        else usage("unknown option");
    }
    if (topic == NULL || *topic == '\0') usage("--topic is required");

    /* The mock cluster lives inside a client instance; a producer is the lightest one. */
    char error[512];
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    rd_kafka_conf_set(conf, "log_level", "3", error, sizeof error);
    rd_kafka_t *handle = rd_kafka_new(RD_KAFKA_PRODUCER, conf, error, sizeof error);
    if (handle == NULL) {
        fprintf(stderr, "kafka-mock: cannot create a client: %s\n", error);
        return 1;
    }
    rd_kafka_mock_cluster_t *cluster = rd_kafka_mock_cluster_new(handle, brokers);
    if (cluster == NULL) {
        fprintf(stderr, "kafka-mock: cannot start a mock cluster of %d brokers\n", brokers);
        return 1;
    }
    /* Replication factor 1: the mock holds one copy, whatever it says. */
    rd_kafka_resp_err_t err = rd_kafka_mock_topic_create(cluster, topic, partitions, 1);
    if (err) {
        fprintf(stderr, "kafka-mock: cannot create topic %s: %s\n", topic, rd_kafka_err2str(err));
        return 1;
    }
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = on_signal;
    sigaction(SIGINT, &action, NULL);
    sigaction(SIGTERM, &action, NULL);
    /* A parent may have started us with these signals blocked (the mask survives exec). */
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    pthread_sigmask(SIG_UNBLOCK, &stop_signals, NULL);

    printf("%s\n", rd_kafka_mock_cluster_bootstraps(cluster));
    fflush(stdout);
    while (!stopping) pause();

    rd_kafka_mock_cluster_destroy(cluster);
    rd_kafka_destroy(handle);
    return 0;
}
