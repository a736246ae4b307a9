/* A Kafka cluster in one process for tests and demos: librdkafka's mock cluster (rdkafka_mock.h).
 * Prints the bootstrap address on stdout, one line, then serves until SIGINT or SIGTERM.
 * Built and run by scripts/kafka-mock; the mock keeps messages in memory and its transactions are
 * not real (do not rely on them).
 *
 * Commands on stdin, one a line, each answered on stdout and ended by a line "ok" (or "error: ..."):
 *   down B / up B        takes broker B (1..N) down (connections closed, none accepted) or up again;
 *                        broker B leads partitions P with P mod N + 1 == B
 *   committed GROUP      prints "PARTITION OFFSET" for each partition of the topic: GROUP's committed
 *                        offsets (-1001 where it has none)
 * At the end of stdin it serves on until a signal. */
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

/* Answers one command line (without its newline). */
static void command(rd_kafka_mock_cluster_t *cluster, const char *topic, int partitions, char *line) {
    char name[32], argument[256];
    if (sscanf(line, "%31s %255s", name, argument) != 2) {
        printf("error: a command is 'down B', 'up B' or 'committed GROUP'\n");
    } else if (strcmp(name, "down") == 0 || strcmp(name, "up") == 0) {
        int32_t broker = (int32_t)atoi(argument);
        rd_kafka_resp_err_t err = strcmp(name, "down") == 0 ? rd_kafka_mock_broker_set_down(cluster, broker)
                                                            : rd_kafka_mock_broker_set_up(cluster, broker);
        if (err) printf("error: %s\n", rd_kafka_err2str(err));
        else printf("ok\n");
    } else if (strcmp(name, "committed") == 0) {
        char error[512];
        rd_kafka_conf_t *conf = rd_kafka_conf_new();
        if (rd_kafka_conf_set(conf, "bootstrap.servers", rd_kafka_mock_cluster_bootstraps(cluster), error, sizeof error) ||
            rd_kafka_conf_set(conf, "group.id", argument, error, sizeof error) ||
            rd_kafka_conf_set(conf, "log_level", "3", error, sizeof error)) {
            rd_kafka_conf_destroy(conf);
            printf("error: %s\n", error);
            return;
        }
        rd_kafka_t *consumer = rd_kafka_new(RD_KAFKA_CONSUMER, conf, error, sizeof error);
        if (consumer == NULL) {
            rd_kafka_conf_destroy(conf);
            printf("error: %s\n", error);
            return;
        }
        rd_kafka_topic_partition_list_t *list = rd_kafka_topic_partition_list_new(partitions);
        for (int p = 0; p < partitions; p++) rd_kafka_topic_partition_list_add(list, topic, p);
        rd_kafka_resp_err_t err = rd_kafka_committed(consumer, list, 10000);
        if (err) {
            printf("error: %s\n", rd_kafka_err2str(err));
        } else {
            for (int i = 0; i < list->cnt; i++) printf("%d %lld\n", list->elems[i].partition, (long long)list->elems[i].offset);
            printf("ok\n");
        }
        rd_kafka_topic_partition_list_destroy(list);
        rd_kafka_consumer_close(consumer);
        rd_kafka_destroy(consumer);
    } else {
        printf("error: unknown command '%s'\n", name);
    }
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
    /* The mock picks each partition's leader at random, so a broker may lead none and taking it
     * down would test nothing. Partition P is led by broker P mod N + 1: every broker leads some. */
    for (int p = 0; p < partitions; p++) {
        err = rd_kafka_mock_partition_set_leader(cluster, topic, p, p % brokers + 1);
        if (err) {
            fprintf(stderr, "kafka-mock: cannot set the leader of partition %d: %s\n", p, rd_kafka_err2str(err));
            return 1;
        }
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
    /* A signal interrupts fgets (no SA_RESTART), so a waiting read ends when one comes. */
    char line[512];
    while (!stopping && fgets(line, sizeof line, stdin) != NULL) {
        line[strcspn(line, "\n")] = '\0';
        if (line[0] != '\0') command(cluster, topic, partitions, line);
        fflush(stdout);
    }
    while (!stopping) pause();

    rd_kafka_mock_cluster_destroy(cluster);
    rd_kafka_destroy(handle);
    return 0;
}
